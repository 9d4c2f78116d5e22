package org.ebpftest.example;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.ebpftest.junit.BpfObject;

/**
 * Loads the firewall for a test class: {@code @BpfObject} composed into an annotation of the
 * project's own, so that the object's file name is written once for every class that tests it. (Not named
 * {@code XdpFirewall}: that is the skeleton the build generates for the object.)
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@BpfObject("xdp_firewall.o")
@interface WithFirewall {
}
