/**
 * The conformance suite's JUnit side: {@code MeshExtension} owns one run per test class and hands tests a
 * {@code Mesh}, the API the suite is written in, whose methods return what each stage made; {@code StageRunner}
 * runs stages as Allure steps, records them and names the broken layer; and the condition that skips the suite only
 * when no Docker engine answers.
 */
package io.meshconformance.junit;
