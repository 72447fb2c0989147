/**
 * Istio primary-remote, as istio.io's Helm guide builds it: the plan of releases and values ({@code IstioPlan}),
 * Helm in-process ({@code HelmInstaller}), the installers that return what they made ({@code ControlPlane},
 * {@code RemoteProfile}), the remote secret and the attachment ({@code RemoteSecret}, {@code RemoteAttacher}), and
 * istiod's debug endpoints with their parsers and evidence. Uses {@code cluster} and below.
 */
package io.meshconformance.istio;
