"""Everything the user sees on a terminal. The only package that imports rich.

One module per group of screens, so a command imports only what it shows:

terminal       the consoles, the one-line error, verdict colours, eliding long values
catalog        the problem list, a problem's spec
judging        one submission's report: tasks, failures, complexity and style review
scorecard      `judge assess`: live progress, the summary table, the advice
sessions       `judge practice` (timer screen), `judge history`, `judge solution`
authoring      `judge new` and `judge validate`
sandbox_setup  `judge sandbox status` and `judge sandbox build`
"""
