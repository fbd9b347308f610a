#!/usr/bin/env bash
# Starts one broker of the compose cluster (KRaft, combined broker and controller): formats its storage once with
# the SCRAM credentials of the admin and of each stage's principal, then runs the broker.
# Clients use SASL_SSL (SCRAM-SHA-512 over TLS) on 9092; controllers talk mutual TLS on 9093.
set -euo pipefail
: "${NODE_ID:?}" "${KAFKA_CLUSTER_ID:?}" "${VIGIL_STORE_PASSWORD:?}"
host="kafka-$NODE_ID"
conf=/tmp/server.properties
certs=/etc/vigil/certs
cat > "$conf" <<PROPS
process.roles=broker,controller
node.id=$NODE_ID
controller.quorum.voters=1@kafka-1:9093,2@kafka-2:9093,3@kafka-3:9093
listeners=SASL_SSL://0.0.0.0:9092,CONTROLLER://0.0.0.0:9093
advertised.listeners=SASL_SSL://$host:9092
inter.broker.listener.name=SASL_SSL
controller.listener.names=CONTROLLER
listener.security.protocol.map=SASL_SSL:SASL_SSL,CONTROLLER:SSL
sasl.enabled.mechanisms=SCRAM-SHA-512
sasl.mechanism.inter.broker.protocol=SCRAM-SHA-512
listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="admin" password="$SCRAM_ADMIN_PASSWORD";
ssl.keystore.type=PKCS12
ssl.keystore.location=$certs/$host.p12
ssl.keystore.password=$VIGIL_STORE_PASSWORD
ssl.truststore.type=PKCS12
ssl.truststore.location=$certs/truststore.p12
ssl.truststore.password=$VIGIL_STORE_PASSWORD
listener.name.controller.ssl.client.auth=required
ssl.principal.mapping.rules=RULE:^CN=([a-zA-Z0-9.-]*).*\$/\$1/L,DEFAULT
authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer
allow.everyone.if.no.acl.found=false
super.users=User:admin;User:kafka-1;User:kafka-2;User:kafka-3
log.dirs=/var/lib/kafka/data
num.partitions=6
default.replication.factor=3
min.insync.replicas=2
offsets.topic.replication.factor=3
transaction.state.log.replication.factor=3
transaction.state.log.min.isr=2
auto.create.topics.enable=false
unclean.leader.election.enable=false
PROPS
if [ ! -f /var/lib/kafka/data/meta.properties ]; then
  scram=()
  for user in admin vigil-ingest vigil-deidentify vigil-inference vigil-sink vigil-registry; do
    var="SCRAM_$(echo "${user#vigil-}" | tr 'a-z-' 'A-Z_')_PASSWORD"
    scram+=(--add-scram "SCRAM-SHA-512=[name=$user,password=${!var}]")
  done
  /opt/kafka/bin/kafka-storage.sh format --config "$conf" --cluster-id "$KAFKA_CLUSTER_ID" "${scram[@]}"
fi
exec /opt/kafka/bin/kafka-server-start.sh "$conf"
