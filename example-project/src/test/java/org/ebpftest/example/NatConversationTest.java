package org.ebpftest.example;

import static org.ebpftest.assertions.EbpfAssertions.assertThat;
import static org.ebpftest.example.Nat.EXTERNAL;
import static org.ebpftest.example.Nat.REMOTE;

import org.ebpftest.example.bpf.TcNat;
import org.ebpftest.junit.BpfObject;
import org.ebpftest.junit.BpfObject.Lifecycle;
import org.ebpftest.junit.BpfProgram;
import org.ebpftest.junit.ObjectProgram;
import org.ebpftest.packet.IpProtocol;
import org.ebpftest.packet.Packet;
import org.ebpftest.packet.Packets;
import org.ebpftest.packet.Tcp;
import org.ebpftest.packet.TcpFlag;
import org.ebpftest.runtime.linux.RunResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * One TCP connection through the NAT, step by step, on one object shared by the whole class
 * ({@code lifecycle = PER_CLASS}): each test sees the connection table the previous one left. The
 * order is part of the story, so it is fixed with {@code @Order}.
 */
@BpfObject(value = "tc_nat.o", lifecycle = Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NatConversationTest {
    static final String CLIENT = "10.0.0.5";
    static final int CLIENT_PORT = 40000;

    @ObjectProgram("tc_snat") BpfProgram snat;
    @ObjectProgram("tc_dnat") BpfProgram dnat;
    TcNat nat;

    /** The external port the first test saw the NAT choose; the later tests hold it to that. */
    static int externalPort;

    @BeforeAll
    static void configureOnceForTheWholeConversation(TcNat nat) {
        nat.config().put(0, Nat.standardConfig());
    }

    @Test
    @Order(1)
    void theClientsSynLeavesWithTheExternalAddress() {
        RunResult result = snat.run(Nat.tcp(CLIENT, CLIENT_PORT, REMOTE, 443, TcpFlag.SYN));

        assertThat(result).returnsTcOk().packet().ipv4().hasSource(EXTERNAL);
        externalPort = Packet.parse(result.packet()).layer(Tcp.class).sourcePort();
        assertThat(externalPort).isEqualTo(Nat.probePorts(CLIENT, REMOTE, CLIENT_PORT, 443, IpProtocol.TCP)[0]);
    }

    @Test
    @Order(2)
    void theServersSynAckFindsItsWayBackToTheClient() {
        RunResult result = dnat.run(Nat.tcp(REMOTE, 443, EXTERNAL, externalPort, TcpFlag.SYN, TcpFlag.ACK));

        assertThat(result).returnsTcOk().packet()
                .ipv4().hasDestination(CLIENT).hasValidChecksum()
                .and().tcp().hasDestinationPort(CLIENT_PORT).hasFlags(TcpFlag.SYN, TcpFlag.ACK).hasValidChecksum();
    }

    @Test
    @Order(3)
    void theClientsRequestKeepsTheSamePort() {
        byte[] request = Packets.ethernet().ipv4().source(CLIENT).destination(REMOTE)
                .tcp().sourcePort(CLIENT_PORT).destinationPort(443).flags(TcpFlag.ACK, TcpFlag.PSH).payload("GET / HTTP/1.1\r\n\r\n").build();

        RunResult result = snat.run(request);

        assertThat(result).returnsTcOk().packet().hasPayload("GET / HTTP/1.1\r\n\r\n").tcp().hasSourcePort(externalPort).hasValidChecksum();
    }

    @Test
    @Order(4)
    void aSecondConnectionOfTheClientGetsItsOwnMapping() {
        RunResult result = snat.run(Nat.tcp(CLIENT, CLIENT_PORT + 1, REMOTE, 443, TcpFlag.SYN));

        assertThat(result).returnsTcOk();
        assertThat(Packet.parse(result.packet()).layer(Tcp.class).sourcePort()).isNotEqualTo(externalPort);
    }

    @Test
    @Order(5)
    void theTableHoldsBothDirectionsOfBothConnections() {
        assertThat(nat.natTable().size()).isEqualTo(4);
        assertThat(nat.natTable().get(Nat.flow(CLIENT, REMOTE, CLIENT_PORT, 443, IpProtocol.TCP))).contains(Nat.endpoint(EXTERNAL, externalPort));
        assertThat(nat.natTable().get(Nat.flow(REMOTE, EXTERNAL, 443, externalPort, IpProtocol.TCP))).contains(Nat.endpoint(CLIENT, CLIENT_PORT));
    }
}
