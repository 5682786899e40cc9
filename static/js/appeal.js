/* The appeal block's view counter: one beacon per page view, once half the block (or half
   the screen, for a block taller than the screen) has been in view. No cookies, no ids. */
(function () {
  "use strict";
  var block = document.querySelector(".appeal[data-beacon]");
  if (!block || !("IntersectionObserver" in window) || !navigator.sendBeacon) {
    return;
  }
  var thresholds = [];
  for (var step = 0; step <= 20; step += 1) {
    thresholds.push(step / 20);
  }
  var sent = false;
  var observer = new IntersectionObserver(function (entries) {
    entries.forEach(function (entry) {
      if (sent || !entry.isIntersecting) {
        return;
      }
      var screen = entry.rootBounds ? entry.rootBounds.height : window.innerHeight;
      var needed = Math.min(entry.boundingClientRect.height, screen) / 2;
      if (entry.intersectionRect.height < needed) {
        return;
      }
      sent = true;
      observer.disconnect();
      var data = new FormData();
      data.append("campaign", block.dataset.campaign);
      data.append("article", block.dataset.article);
      navigator.sendBeacon(block.dataset.beacon, data);
    });
  }, { threshold: thresholds });
  observer.observe(block);
})();
