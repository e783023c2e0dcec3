# The init (PID 1) of one learner program's PID namespace, in Perl because it starts in a few
# milliseconds (ns-init.mjs does the same job where there is no Perl). It runs the program as
# its only child, records how it ended, and exits, upon which the kernel kills whatever the
# program left in the namespace, however it detached itself.
# Usage: perl ns-init.pl <exit-file> <command> [args...]
#
# Signals: the harness signals the whole process group, so SIGTERM, SIGINT, SIGSTOP and SIGCONT
# reach the program directly. This init has no handler for them, and the kernel does not deliver
# a signal to a namespace's init that has none (except SIGKILL and SIGSTOP): it stays out of the
# way. For the same reason it could not die by the program's signal to pass it on, so it writes
# the true exit (code, or signal number) to the exit file for the harness to read.
use strict;
use warnings;

my ($exit_file, @command) = @ARGV;
my $pid = fork();
die "ns-init: cannot fork: $!\n" unless defined $pid;
if ($pid == 0) {
  no warnings 'exec';
  exec { $command[0] } @command or do {
    print STDERR "could not start $command[0]: $!\n";
    exit 127;
  };
}
# Only the program's own end counts; what it leaves behind dies with this namespace.
waitpid($pid, 0);
my $status = $?;
open(my $out, '>', $exit_file) or exit 1;
if ($status & 127) {
  print $out '{"code":null,"signalNumber":' . ($status & 127) . '}';
} else {
  print $out '{"code":' . ($status >> 8) . ',"signal":null}';
}
close($out);
exit 0;
