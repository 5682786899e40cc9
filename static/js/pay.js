/* The card step: Stripe's card field (Stripe.js), the setup of the card with Stripe, then
   the form sent to our server, which charges it. When the bank asks for authentication
   (3-D Secure), the server sends the page back with data-action set, and Stripe.js runs it. */
(function () {
  "use strict";
  var form = document.getElementById("pay-form");
  if (!form || typeof window.Stripe !== "function") {
    return;
  }
  var button = document.getElementById("pay-button");
  var errorBox = document.getElementById("pay-error");
  var errorText = document.getElementById("pay-error-text");
  var confirm = document.getElementById("confirm-recurring");
  var stripe = window.Stripe(form.dataset.key);
  var card = stripe.elements().create("card", {hidePostalCode: true});
  var busy = false;

  document.getElementById("pay-nojs").hidden = true;
  card.mount("#card-element");
  button.disabled = false;

  function showError(message) {
    errorText.textContent = message;
    errorBox.hidden = false;
    errorBox.setAttribute("tabindex", "-1");
    errorBox.focus();
    busy = false;
    button.disabled = false;
  }

  function send() {
    button.disabled = true;
    form.submit();
  }

  if (form.dataset.action) {
    // The bank's authentication for the charge the server tried.
    busy = true;
    button.disabled = true;
    stripe.confirmCardPayment(form.dataset.action).then(function (result) {
      var intent = result.paymentIntent || (result.error && result.error.payment_intent);
      document.getElementById("pay-payment-intent").value = intent ? intent.id : form.dataset.action.split("_secret_")[0];
      send();
    });
  }

  form.addEventListener("submit", function (event) {
    if (document.getElementById("pay-setup-intent").value || document.getElementById("pay-payment-intent").value) {
      return;
    }
    event.preventDefault();
    if (busy) {
      return;
    }
    if (confirm && !confirm.checked) {
      showError("Please tick the box to confirm that this gift repeats until you cancel it.");
      confirm.focus();
      return;
    }
    busy = true;
    button.disabled = true;
    stripe.confirmCardSetup(form.dataset.setup, {
      payment_method: {card: card, billing_details: {name: form.dataset.name, email: form.dataset.email}}
    }).then(function (result) {
      if (result.error) {
        showError((result.error.message || "Your card was not accepted.") + " Nothing was charged.");
        return;
      }
      document.getElementById("pay-setup-intent").value = result.setupIntent.id;
      send();
    });
  });
})();
