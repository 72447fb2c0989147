/**
 * The split Bookinfo and the two verdicts: the deployer and what it deployed ({@code BookinfoDeployment}), the
 * product page's client, parser and view, the registry verdict over istiod's debug endpoints, the page verdict, and
 * the evidence that explains a failed verdict. Uses {@code istio} and below.
 */
package io.meshconformance.bookinfo;
