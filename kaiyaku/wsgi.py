import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kaiyaku.settings")

application = get_wsgi_application()

# What is loaded by now (Django, the apps, the settings) lives as long as the process: keep it out
# of the cyclic garbage collector's walks, which otherwise grow with it on every full collection.
gc.freeze()
