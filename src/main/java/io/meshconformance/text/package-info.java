/**
 * Text for people, and text kept from them: a failure in words ({@code Causes}), "did you mean" ({@code Suggest}),
 * and the redaction every log line, report attachment and message goes through ({@code Redaction}: documents by their
 * structure, read with Jackson; the rest by linear scanners). Pure; the bottom layer, using no other package of the
 * harness.
 */
package io.meshconformance.text;
