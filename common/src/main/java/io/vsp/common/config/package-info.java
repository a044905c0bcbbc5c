/**
 * The typed configuration of SPEC §4: one record per section, each field with its default, doc and rule.
 *
 * <pre>
 * vsp.yaml ──► YamlTree ──► EnvSubstitution ──► ConfigBinder ──► VspConfig, CameraConfig, ...
 *  (bytes)    (nodes with     (${VAR},           (MappingReader:     (compact constructors check
 *              their lines)    ${VAR:-dflt})      types, unknown      their rules via Checks)
 *                                                 keys, defaults)
 *            every problem on the way ──► Problems ──► one ConfigException: "file:line: key.path: what"
 *
 * cameras.d/*.yaml ──► CameraFiles ──► ConfigLoader.loadCamerasDir (once) / CamerasDirWatcher (polled)
 * </pre>
 *
 * <p>{@link io.vsp.common.config.Secrets} masks credentials in any text that may be logged or shown.
 */
package io.vsp.common.config;
