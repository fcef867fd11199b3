/** Cross-module test support: the simulation harness and process helpers. */
package io.vigil.tests;
