#!/usr/bin/env bash
# healthcheck.sh - post-deploy gate: poll the service until it answers healthy, at most
# $RETRIES attempts (default 3). Prints one line per attempt and the result; exits 0 when
# healthy, 1 when the service never became healthy (the pipeline then rolls back).
#
# ./probe prints the HTTP status of one request (000 when nothing answered).

RETRIES=${RETRIES:-3}

attempt=1
while [ "$attempt" -lt "$RETRIES" ]; do
    code=$(./probe)
    echo "attempt $attempt/$RETRIES: $code"
    # 5xx means the service is still starting up; anything else means it answered
    if [ "$code" -lt 500 ]; then
        echo "healthy after $attempt attempt(s)"
        exit 0
    fi
    attempt=$((attempt + 1))
done
echo "unhealthy after $RETRIES attempt(s)"
exit 1
