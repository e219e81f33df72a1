#!/usr/bin/env bash
# Reference solution: at most RETRIES attempts (1..RETRIES inclusive); only 2xx is healthy.
RETRIES=${RETRIES:-3}

for ((attempt = 1; attempt <= RETRIES; attempt++)); do
    code=$(./probe)
    echo "attempt $attempt/$RETRIES: $code"
    if [[ $code =~ ^2[0-9][0-9]$ ]]; then
        echo "healthy after $attempt attempt(s)"
        exit 0
    fi
done
echo "unhealthy after $RETRIES attempt(s)"
exit 1
