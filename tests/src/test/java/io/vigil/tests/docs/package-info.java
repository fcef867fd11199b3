/**
 * Checks that keep the documentation true: the reference tables in docs/ and the README are
 * compared with the code they describe, so a new directive or a changed default fails the build
 * instead of leaving the docs silently wrong.
 */
package io.vigil.tests.docs;
