"""A TestCase whose class data is the demo `seed_demo` makes, its images in a temporary
MEDIA_ROOT removed after the class."""

import io
import shutil
import tempfile

from django.core.management import call_command
from django.test import TestCase, override_settings


class SeededDemoTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        media_root = tempfile.mkdtemp(prefix="newsroom-demo-media-")
        cls.addClassCleanup(shutil.rmtree, media_root, ignore_errors=True)
        cls.enterClassContext(override_settings(MEDIA_ROOT=media_root))
        with override_settings(DEBUG=True):
            call_command("seed_demo", stdout=io.StringIO())
