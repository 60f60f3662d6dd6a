/**
 * Planted architecture violations, one small project in miniature with the same package names as
 * the real one. Not compiled by the build (see the testExcludes in pom.xml): ArchitectureTest
 * compiles these sources itself and asserts that every rule reports them.
 */
package cn.suishoupai.archfixture;
