/**
 * The preflight doctor: read-only checks of two clusters before anything runs, each a class of its own with a
 * named result, evidence and fix; a runner that orders them and skips what depends on a cluster that does not
 * answer; the report as a table. Uses every layer below; changes nothing in the clusters.
 */
package io.meshconformance.doctor;
