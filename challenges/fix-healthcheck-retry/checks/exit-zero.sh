#!/usr/bin/env bash
# Healthy tests: the script must exit 0. (Declared as `exit = "any"` plus this check so that a
# wrong status is a wrong answer with this message, not a runtime error: `exit = 0` judges any
# other status as RTE, and here the status is the answer the pipeline acts on.)
if [ "$LIVEJUDGE_EXIT" != 0 ]; then
    echo "exit status: expected 0 (the service became healthy, the pipeline must go on), got $LIVEJUDGE_EXIT"
    exit 1
fi
exit 0
