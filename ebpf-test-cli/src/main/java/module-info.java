/**
 * The {@code ebpf-test} command line: runs, disassembles and checks eBPF objects. An application,
 * so it exports nothing.
 */
module org.ebpftest.cli {
    requires com.fasterxml.jackson.databind;
    requires org.ebpftest.runtime;
    requires org.ebpftest.kernel;
    // The debug command's DAP server; LSP4J ships automatic modules, named after their jars.
    requires org.eclipse.lsp4j.debug;
    requires org.eclipse.lsp4j.jsonrpc;
    requires org.eclipse.lsp4j.jsonrpc.debug;

    // LSP4J finds and calls the adapter's request methods reflectively.
    opens org.ebpftest.cli to org.eclipse.lsp4j.jsonrpc;
}
