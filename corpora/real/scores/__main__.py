import sys

from corpora.real.scores import main

sys.exit(main())
