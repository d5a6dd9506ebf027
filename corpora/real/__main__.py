import sys

from corpora.real import main

sys.exit(main())
