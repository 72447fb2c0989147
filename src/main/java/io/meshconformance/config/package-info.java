/**
 * The harness's settings: every key ({@code Keys}), its default, its parser, the rules between keys, and the typed
 * record the run uses ({@code MeshSettings}), read from {@code -Dmesh.*} and {@code MESH_*}. Also the small value
 * types settings are made of ({@code ChartSource}, {@code IstioVersion}, {@code LabelSelector}, {@code StageTimeout}), and where kept
 * kubeconfigs go beside the results ({@code KeptKubeconfigs}).
 * Uses the layers below only: nothing here knows how clusters, Istio or Bookinfo are made.
 */
package io.meshconformance.config;
