package io.vsp.common.testkit;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * How a secured test broker authenticates and authorizes: SCRAM-SHA-512 on the client listener (over TLS or
 * plain TCP), ACLs enforced by KRaft's StandardAuthorizer with nothing allowed by default, and one super user,
 * {@value #SUPER_USER}, who is also the broker itself. The controller listener uses SASL PLAIN with a static
 * user, because SCRAM credentials live in the metadata log the controller serves (KRaft cannot use them there).
 *
 * @param tls the broker's keystore and the clients' truststore; null for SASL_PLAINTEXT
 */
record BrokerSecurity(KafkaBroker.Security protocol, String superUserPassword, TestTls tls) {
  static final String SUPER_USER = "admin";
  static final String MECHANISM = "SCRAM-SHA-512";
  private static final String STANDARD_AUTHORIZER = "org.apache.kafka.metadata.authorizer.StandardAuthorizer";

  static BrokerSecurity create(KafkaBroker.Security protocol, Path dir) {
    TestTls tls = protocol == KafkaBroker.Security.SASL_SSL ? TestTls.create(dir) : null;
    return new BrokerSecurity(protocol, UUID.randomUUID().toString(), tls);
  }

  /** The super user's SCRAM credential, written into the metadata log by {@code kafka-storage format}. */
  List<String> formatArguments() {
    return List.of("--add-scram", MECHANISM + "=[name=" + SUPER_USER + ",password=" + superUserPassword + "]");
  }

  /** Lines for server.properties; the listener is named after its protocol. */
  String serverProperties() {
    String listener = "listener.name." + protocol.name().toLowerCase();
    StringBuilder lines = new StringBuilder(String.join("\n",
        "sasl.enabled.mechanisms=" + MECHANISM,
        "sasl.mechanism.inter.broker.protocol=" + MECHANISM,
        listener + "." + MECHANISM.toLowerCase() + ".sasl.jaas.config=" + scramJaas(SUPER_USER, superUserPassword),
        "sasl.mechanism.controller.protocol=PLAIN",
        "listener.name.controller.sasl.enabled.mechanisms=PLAIN",
        "listener.name.controller.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule"
            + " required username=\"" + SUPER_USER + "\" password=\"" + superUserPassword + "\" user_" + SUPER_USER
            + "=\"" + superUserPassword + "\";",
        "authorizer.class.name=" + STANDARD_AUTHORIZER,
        "allow.everyone.if.no.acl.found=false",
        "super.users=User:" + SUPER_USER,
        ""));
    if (tls != null) {
      lines.append(String.join("\n",
          "ssl.keystore.type=PKCS12",
          "ssl.keystore.location=" + tls.keystore(),
          "ssl.keystore.password=" + tls.password(),
          "ssl.key.password=" + tls.password(),
          // the broker is a client of itself on the inter-broker listener
          "ssl.truststore.type=PKCS12",
          "ssl.truststore.location=" + tls.truststore(),
          "ssl.truststore.password=" + tls.password(),
          ""));
    }
    return lines.toString();
  }

  /** security.protocol, sasl.* and (over TLS) ssl.truststore.* for a client logging in as {@code user}. */
  Map<String, String> clientProperties(String user, String password) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("security.protocol", protocol.name());
    p.put("sasl.mechanism", MECHANISM);
    p.put("sasl.jaas.config", scramJaas(user, password));
    if (tls != null) {
      p.put("ssl.truststore.type", "PKCS12");
      p.put("ssl.truststore.location", tls.truststore().toString());
      p.put("ssl.truststore.password", tls.password());
    }
    return p;
  }

  private static String scramJaas(String user, String password) {
    if (user.contains("\"") || password.contains("\"")) {
      throw new IllegalArgumentException("a SCRAM user name or password with a double quote breaks the JAAS line");
    }
    return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user
        + "\" password=\"" + password + "\";";
  }
}
