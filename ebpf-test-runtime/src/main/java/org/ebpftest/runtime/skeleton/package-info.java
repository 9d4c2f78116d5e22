/**
 * What generated skeletons are made of: the {@link org.ebpftest.runtime.skeleton.Skeleton} marker,
 * typed programs, global variables and records, and {@link org.ebpftest.runtime.skeleton.StructBytes},
 * the field reads and writes their codecs use.
 */
package org.ebpftest.runtime.skeleton;
