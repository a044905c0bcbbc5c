package io.vsp.common.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Validates record values against the published JSON Schemas in {@code config/schemas/} (SPEC §5). */
public final class JsonSchemas {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Map<String, JsonSchema> SCHEMAS = new ConcurrentHashMap<>();

  private JsonSchemas() {}

  /** Fails with every violation when {@code json} does not match {@code config/schemas/<name>.json}. */
  public static void assertValid(String name, byte[] json) {
    JsonNode node;
    try {
      node = MAPPER.readTree(json);
    } catch (IOException e) {
      throw new AssertionError(name + " record is not JSON: " + e.getMessage());
    }
    Set<ValidationMessage> errors = SCHEMAS.computeIfAbsent(name, JsonSchemas::load).validate(node);
    if (!errors.isEmpty()) {
      throw new AssertionError(name + " record " + node + " breaks its schema: " + errors);
    }
  }

  private static JsonSchema load(String name) {
    Path file = schemasDir().resolve(name + ".json");
    try (InputStream in = Files.newInputStream(file)) {
      return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read schema " + file, e);
    }
  }

  /** {@code config/schemas} of the checkout, found from the module folder the tests run in. */
  private static Path schemasDir() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("config/schemas");
      if (Files.isDirectory(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException("no config/schemas above " + Path.of("").toAbsolutePath());
  }
}
