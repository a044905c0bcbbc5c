/**
 * How a service ends when it cannot go on: {@link io.vsp.common.lifecycle.FatalPath} takes every unexpected
 * thread death to {@code /readyz} 503 and the service's {@code onFatal} (the process then exits with status 1);
 * {@link io.vsp.common.lifecycle.FaultHook} lets integration tests kill a stage's thread on purpose.
 */
package io.vsp.common.lifecycle;
