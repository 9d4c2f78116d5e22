#!/bin/sh
# Asks this machine's kernel for the verdict on every case and writes corpus.tsv from its answers.
# Each case states what it expects on a line "// kernel: accepted" or "// kernel: refused: CLASS";
# the script stops without writing the manifest when the kernel disagrees, or when CLASS is not a
# line of the kernel's verifier log. Needs root, bpftool and /sys/fs/bpf. Run build.sh first.
set -eu
cd "$(dirname "$0")"
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
printf 'object\tprogram\ttype\tverdict\tclass\tmessage\n' >"$tmp"
failures=0
for src in */*.c; do
	obj=${src%.c}.o
	expect=$(sed -n 's|^// kernel: ||p' "$src" | head -n 1)
	pin=/sys/fs/bpf/vcorpus-$$-$(basename "${src%.c}")
	if log=$(bpftool -d prog loadall "$obj" "$pin" 2>&1); then verdict=accepted; else verdict=refused; fi
	rm -rf "$pin"
	program=$(printf "%s\n" "$log" | grep -v "^libbpf: sec .\.text." | sed -n "s/^libbpf: sec '[^']*': found program '\([^']*\)'.*/\1/p" | head -n 1)
	section=$(printf "%s\n" "$log" | grep -v "^libbpf: sec .\.text." | sed -n "s/^libbpf: sec '\([^']*\)': found program.*/\1/p" | head -n 1)
	case $section in
	xdp*) type=xdp ;;
	tc | classifier*) type=sched_cls ;;
	socket*) type=socket_filter ;;
	cgroup_skb/*) type=cgroup_skb ;;
	cgroup/sock_create | cgroup/sock_release | cgroup/sock | cgroup/post_bind*) type=cgroup_sock ;;
	cgroup/bind* | cgroup/connect* | cgroup/sendmsg* | cgroup/recvmsg* | cgroup/getpeername* | cgroup/getsockname*) type=cgroup_sock_addr ;;
	cgroup/dev) type=cgroup_device ;;
	cgroup/sysctl) type=cgroup_sysctl ;;
	cgroup/getsockopt | cgroup/setsockopt) type=cgroup_sockopt ;;
	sockops) type=sock_ops ;;
	sk_lookup) type=sk_lookup ;;
	lwt_in) type=lwt_in ;;
	lwt_out) type=lwt_out ;;
	lwt_xmit) type=lwt_xmit ;;
	struct_ops*) type=struct_ops ;;
	tracepoint*) type=tracepoint ;;
	kprobe/*) type=kprobe ;;
	*) echo "$src: unknown section '$section'" >&2; failures=$((failures + 1)); continue ;;
	esac
	class=-
	message=-
	if [ "$verdict" = refused ]; then
		class=${expect#refused: }
		vlog=$(printf '%s\n' "$log" | sed -n '/-- BEGIN PROG LOAD LOG --/,/-- END PROG LOAD LOG --/p')
		# A few kernel messages lack their newline, so "verification time N usec" runs into them.
		message=$(printf '%s\n' "$vlog" | grep -F -- "$class" | grep -v '^[0-9]*: ([0-9a-f]*)' | head -n 1 | tr "\t" " " | sed "s/verification time.*//" || true)
		if [ -z "$message" ]; then
			echo "$src: refused, but no verifier log line contains '$class':" >&2
			printf '%s\n' "$vlog" | tail -n 8 >&2
			failures=$((failures + 1))
			continue
		fi
	fi
	case $expect in
	accepted) want=accepted ;;
	refused:*) want=refused ;;
	*) echo "$src: no '// kernel: accepted' or '// kernel: refused: CLASS' line" >&2; failures=$((failures + 1)); continue ;;
	esac
	if [ "$verdict" != "$want" ]; then
		echo "$src: expected $want, kernel says $verdict" >&2
		printf '%s\n' "$log" | sed -n '/-- BEGIN PROG LOAD LOG --/,/-- END PROG LOAD LOG --/p' | tail -n 8 >&2
		failures=$((failures + 1))
		continue
	fi
	printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$obj" "$program" "$type" "$verdict" "$class" "$message" >>"$tmp"
done
if [ "$failures" -ne 0 ]; then
	echo "$failures case(s) disagree with the kernel; corpus.tsv left unchanged" >&2
	exit 1
fi
cp "$tmp" corpus.tsv
echo "corpus.tsv: $(($(wc -l <corpus.tsv) - 1)) cases recorded on $(uname -r)"
