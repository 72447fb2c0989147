/**
 * The harness's settings: every key ({@code Keys}), its default, its parser, the rules between keys, and the typed
 * record the run uses ({@code MeshSettings}), read from {@code -Dmesh.*} and {@code MESH_*}. Also the small value
 * types settings are made of ({@code ChartSource}, {@code IstioVersion}, {@code LabelSelector}, {@code StageTimeout}), and where kept
 * kubeconfigs go beside the results ({@code KeptKubeconfigs}). The version matrix ({@code MatrixLoader} reading
 * {@code Matrix} and its {@code MatrixCell}s, each a {@code K3sImage} and an Istio release) with Istio's support table
 * ({@code IstioSupport}).
 * Uses the layers below only: nothing here knows how clusters, Istio or Bookinfo are made.
 */
package io.meshconformance.config;
