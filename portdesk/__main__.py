import sys

from portdesk.cli import main

sys.exit(main())
