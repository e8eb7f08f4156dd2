from tui_export.cli import main

raise SystemExit(main())
