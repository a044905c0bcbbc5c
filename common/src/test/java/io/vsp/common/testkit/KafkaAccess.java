package io.vsp.common.testkit;

import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AccessControlEntryFilter;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourcePatternFilter;
import org.apache.kafka.common.resource.ResourceType;
import org.awaitility.Awaitility;

/**
 * SCRAM users and ACLs of a {@link KafkaBroker#startSecured secured} test broker, changed as its super user.
 * Each change returns once the broker answers with it from its own metadata, which is what it enforces, so a
 * test never races the metadata log.
 */
public final class KafkaAccess {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final int SCRAM_ITERATIONS = 4096;

  private final Map<String, Object> admin;

  KafkaAccess(String bootstrap, Map<String, String> superUser) {
    this.admin = new HashMap<>(superUser);
    admin.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
  }

  /** Creates (or changes the password of) a SCRAM-SHA-512 user. */
  public void createUser(String user, String password) {
    run("create user " + user, a -> {
      get(a.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(user,
          new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, SCRAM_ITERATIONS), password))).all());
      await("user " + user + " known", () -> {
        try {
          return get(a.describeUserScramCredentials(List.of(user)).description(user)).credentialInfos().stream()
              .anyMatch(c -> c.mechanism() == ScramMechanism.SCRAM_SHA_512);
        } catch (IllegalStateException e) {
          return false; // ResourceNotFoundException until the broker has it
        }
      });
    });
  }

  /** Allows {@code user} the operations on the resource ({@link PatternType#LITERAL} or PREFIXED). */
  public void allow(String user, ResourceType type, String name, PatternType pattern, AclOperation... operations) {
    List<AclBinding> bindings = bindings(user, new ResourcePattern(type, name, pattern), operations);
    run("allow " + bindings, a -> {
      get(a.createAcls(bindings).all());
      await("ACLs " + bindings + " in force", () -> enforced(a, user).containsAll(bindings));
    });
  }

  /** Removes ACLs given with {@link #allow}. */
  public void revoke(String user, ResourceType type, String name, PatternType pattern, AclOperation... operations) {
    List<AclBinding> bindings = bindings(user, new ResourcePattern(type, name, pattern), operations);
    run("revoke " + bindings, a -> {
      get(a.deleteAcls(bindings.stream().map(AclBinding::toFilter).toList()).all());
      await("ACLs " + bindings + " gone", () -> bindings.stream().noneMatch(enforced(a, user)::contains));
    });
  }

  private static List<AclBinding> bindings(String user, ResourcePattern resource, AclOperation... operations) {
    return Arrays.stream(operations).map(op -> new AclBinding(resource,
        new AccessControlEntry("User:" + user, "*", op, AclPermissionType.ALLOW))).toList();
  }

  private static Set<AclBinding> enforced(Admin a, String user) {
    AclBindingFilter filter = new AclBindingFilter(ResourcePatternFilter.ANY,
        new AccessControlEntryFilter("User:" + user, null, AclOperation.ANY, AclPermissionType.ANY));
    return new HashSet<>(get(a.describeAcls(filter).values()));
  }

  private interface AdminCall {
    void run(Admin admin);
  }

  private void run(String what, AdminCall call) {
    try (Admin a = Admin.create(admin)) {
      call.run(a);
    } catch (IllegalStateException e) {
      throw new IllegalStateException("cannot " + what + ": " + e.getMessage(), e);
    }
  }

  private static void await(String what, Callable<Boolean> check) {
    Awaitility.await(what).atMost(TIMEOUT).pollInterval(Duration.ofMillis(50)).until(check);
  }

  private static <T> T get(KafkaFuture<T> future) {
    try {
      return future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException(String.valueOf(e.getCause()), e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("no answer within " + TIMEOUT.toSeconds() + " s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
