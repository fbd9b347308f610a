#!/usr/bin/env bash
# Generates what the compose cluster needs to authenticate: a private CA, one TLS keystore per broker, one for
# the ingest listener (HTTPS POST /notes) and one for the sink's dashboard and API (HTTPS), a truststore for clients, and random SCRAM passwords for the admin and each stage's principal (deploy/.env).
# Run once before `docker compose up`. Needs openssl and keytool (any JDK). Re-running replaces everything.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="$here/generated"
rm -rf "$out" && mkdir -p "$out"
store_pass="$(openssl rand -hex 16)"

openssl req -x509 -new -nodes -newkey rsa:3072 -days 825 -subj "/CN=vigil-ca" \
  -keyout "$out/ca.key" -out "$out/ca.crt" 2>/dev/null
keytool -importcert -noprompt -alias vigil-ca -file "$out/ca.crt" \
  -keystore "$out/truststore.p12" -storetype PKCS12 -storepass "$store_pass"

# SINK_HOSTNAME (optional): the host name users type to reach the dashboard, added to the sink's certificate.
for broker in kafka-1 kafka-2 kafka-3 ingest sink; do
  openssl req -new -nodes -newkey rsa:3072 -subj "/CN=$broker" \
    -keyout "$out/$broker.key" -out "$out/$broker.csr" 2>/dev/null
  san="DNS:$broker,DNS:localhost"
  # The dashboard is opened in a browser at 127.0.0.1 (where compose publishes it) or at the hospital's name for it.
  if [ "$broker" = sink ]; then san="$san,IP:127.0.0.1${SINK_HOSTNAME:+,DNS:$SINK_HOSTNAME}"; fi
  printf 'subjectAltName=%s\nextendedKeyUsage=serverAuth,clientAuth\n' "$san" > "$out/$broker.ext"
  openssl x509 -req -in "$out/$broker.csr" -CA "$out/ca.crt" -CAkey "$out/ca.key" -CAcreateserial \
    -days 825 -extfile "$out/$broker.ext" -out "$out/$broker.crt" 2>/dev/null
  openssl pkcs12 -export -name "$broker" -inkey "$out/$broker.key" -in "$out/$broker.crt" -certfile "$out/ca.crt" \
    -out "$out/$broker.p12" -passout "pass:$store_pass"
  rm "$out/$broker.csr" "$out/$broker.ext"
done
openssl rand -hex 32 > "$out/ingest-token"   # bearer token of POST /notes on the ingest service
chmod 0644 "$out"/*.p12 "$out/ca.crt" "$out/ingest-token"

{
  echo "VIGIL_STORE_PASSWORD=$store_pass"
  echo "KAFKA_CLUSTER_ID=$(openssl rand -base64 16 | tr '+/' '-_' | tr -d '=')"
  for user in ADMIN INGEST DEIDENTIFY INFERENCE SINK REGISTRY; do
    echo "SCRAM_${user}_PASSWORD=$(openssl rand -hex 24)"
  done
  echo "POSTGRES_PASSWORD=$(openssl rand -hex 24)"
  echo "GRAFANA_ADMIN_PASSWORD=$(openssl rand -hex 12)"
  echo "VIGIL_DEID_KEY=$(openssl rand -hex 32)"
} > "$here/../.env"
chmod 0600 "$here/../.env"
echo "Wrote certificates to $out and secrets to deploy/.env (keep it out of version control)."
