package io.vsp.common.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Turns YAML text into a {@link YamlNode} tree by walking Jackson's YAML token stream, noting each key's
 * line on the way (Jackson's own tree forgets them). Syntax errors, duplicate keys and aliases become
 * {@link Problems} with the file's line, not exceptions.
 */
final class YamlTree {
  private static final YAMLFactory YAML = new YAMLFactory();

  private YamlTree() {}

  /** The root of a UTF-8 document, an empty mapping for an empty one; null when it is not valid YAML. */
  static YamlNode parse(byte[] content, Problems problems) {
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(content)).toString();
    } catch (CharacterCodingException e) {
      problems.add(0, "", "is not UTF-8 text");
      return null;
    }
    return parse(text, problems);
  }

  /** The document's root, an empty mapping for an empty document; null when the text is not valid YAML. */
  static YamlNode parse(String text, Problems problems) {
    try (YAMLParser parser = YAML.createParser(text)) {
      JsonToken first = parser.nextToken();
      if (first == null) {
        return new YamlNode.Mapping(1, Map.of());
      }
      YamlNode root = read(parser, first, line(parser), "", problems);
      if (parser.nextToken() != null) {
        problems.add(line(parser), "", "holds more than one YAML document; put everything in one");
      }
      return root;
    } catch (JsonProcessingException e) {
      problems.add(errorLine(e), "", "malformed YAML: " + shortProblem(e));
      return null;
    } catch (IOException e) {
      throw new UncheckedIOException(e); // cannot happen: the text is in memory
    }
  }

  private static YamlNode read(YAMLParser p, JsonToken token, int line, String path, Problems problems)
      throws IOException {
    switch (token) {
      case START_OBJECT: {
        Map<String, YamlNode> entries = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String key = p.currentName();
          int keyLine = line(p);
          String keyPath = Problems.join(path, key);
          YamlNode value = read(p, p.nextToken(), keyLine, keyPath, problems);
          YamlNode earlier = entries.putIfAbsent(key, value);
          if (earlier != null) {
            problems.add(keyLine, keyPath, "duplicate key (first at line " + earlier.line() + ")");
          }
        }
        return new YamlNode.Mapping(line, entries);
      }
      case START_ARRAY: {
        List<YamlNode> items = new ArrayList<>();
        JsonToken item;
        while ((item = p.nextToken()) != JsonToken.END_ARRAY) {
          items.add(read(p, item, line(p), path + "[" + items.size() + "]", problems));
        }
        return new YamlNode.Sequence(line, items);
      }
      case VALUE_STRING:
        if (p.isCurrentAlias()) {
          // Jackson hands an alias over as its anchor's name, which would silently become the value
          problems.add(line, path, "YAML aliases (*" + p.getText() + ") are not supported: write the value out");
          return new YamlNode.Scalar(line, "", null);
        }
        return new YamlNode.Scalar(line, p.getText(), p.getText());
      case VALUE_NUMBER_INT:
      case VALUE_NUMBER_FLOAT:
        return new YamlNode.Scalar(line, p.getText(), number(p));
      case VALUE_TRUE:
      case VALUE_FALSE:
        return new YamlNode.Scalar(line, p.getText(), token == JsonToken.VALUE_TRUE);
      case VALUE_NULL:
        return new YamlNode.Scalar(line, p.getText(), null);
      default:
        problems.add(line, path, "unsupported YAML value (" + token + ")");
        return new YamlNode.Scalar(line, "", null);
    }
  }

  /** The number YAML saw, or its text when Jackson cannot convert the notation (then it reads as text). */
  private static Object number(YAMLParser p) throws IOException {
    try {
      return p.getNumberValue();
    } catch (JsonProcessingException | NumberFormatException e) {
      return p.getText();
    }
  }

  private static int line(YAMLParser p) {
    return p.currentTokenLocation().getLineNr();
  }

  /** SnakeYAML's own problem ("found character '\t' that cannot start any token"), without its snippet. */
  private static String shortProblem(JsonProcessingException e) {
    MarkedYAMLException marked = marked(e);
    if (marked == null) {
      return e.getOriginalMessage().lines().findFirst().orElse("unreadable");
    }
    String problem = marked.getProblem() == null ? marked.getContext() : marked.getProblem();
    Mark contextMark = marked.getContextMark();
    if (marked.getProblem() != null && marked.getContext() != null && contextMark != null) {
      problem += " (" + marked.getContext() + " at line " + (contextMark.getLine() + 1) + ")";
    }
    return problem;
  }

  private static int errorLine(JsonProcessingException e) {
    MarkedYAMLException marked = marked(e);
    Mark mark = marked == null ? null : marked.getProblemMark();
    mark = mark == null && marked != null ? marked.getContextMark() : mark;
    if (mark != null) {
      return mark.getLine() + 1;
    }
    return e.getLocation() == null ? 0 : Math.max(0, e.getLocation().getLineNr());
  }

  private static MarkedYAMLException marked(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof MarkedYAMLException m) {
        return m;
      }
    }
    return null;
  }
}
