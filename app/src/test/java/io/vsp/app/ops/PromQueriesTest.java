package io.vsp.app.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** How Grafana variables are substituted and metric names are read out of PromQL. */
class PromQueriesTest {
  private final PromQueries.Variables vars = PromQueries.Variables.of(Map.of("camera", "lobby"));

  @Test
  void grafanaVariablesAreReplacedInEveryForm() {
    assertThat(vars.apply("sum(rate(x{camera=\"$camera\"}[$__rate_interval])) + y{camera=\"${camera}\"}"
        + " + z{camera=\"[[camera]]\"} + increase(w[$__range]) + v[$__interval] + $__range_s"))
        .isEqualTo("sum(rate(x{camera=\"lobby\"}[1m])) + y{camera=\"lobby\"} + z{camera=\"lobby\"}"
            + " + increase(w[5m]) + v[15s] + 300");
  }

  @Test
  void unknownVariableIsAnErrorNamingIt() {
    assertThatThrownBy(() -> vars.apply("x{zone=\"$zone\"}"))
        .hasMessage("no value for Grafana variable $zone in: x{zone=\"$zone\"}");
  }

  @Test
  void labelValuesBecomesAGroupQuery() {
    assertThat(PromQueries.variableQueryAsPromQl("label_values(vsp_ingest_camera_configured, camera)"))
        .isEqualTo("group by (camera) (vsp_ingest_camera_configured)");
    assertThat(PromQueries.variableQueryAsPromQl("label_values(camera)"))
        .isEqualTo("group by (camera) ({camera!=\"\"})");
  }

  @Test
  void metricNamesLeaveOutFunctionsKeywordsLabelsAndDurations() {
    String expr = "histogram_quantile(0.99, sum by (le, camera) (rate(a_bucket{type=\"start\",x=~\"y|z\"}[5m])))"
        + " > 1 and on (camera) time() - max without (instance) (b offset 5m) unless count(c) > bool 1e3"
        + " or sum(d) by (job) / ignoring (k) group_left (m) e";
    assertThat(PromQueries.metricNames(expr)).containsExactly("a_bucket", "b", "c", "d", "e");
    assertThat(PromQueries.selectorLabels(expr).get("a_bucket")).containsExactly("type", "x");
    assertThat(PromQueries.selectorLabels("{__name__=~\"vsp_.+\"}")).isEqualTo(Map.of("", Set.of("__name__")));
  }

  @Test
  void stringsAreNotMetricNames() {
    assertThat(PromQueries.metricNames("label_replace(up, \"dst\", \"$1 not_a_metric\", 'src', \"(.*)\")"))
        .containsExactly("up");
  }
}
