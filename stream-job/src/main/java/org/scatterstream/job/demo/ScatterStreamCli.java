package org.scatterstream.job.demo;

import org.scatterstream.job.AvroTrust;
import org.scatterstream.job.ScatterStreamJob;
import org.scatterstream.job.config.ConfigException;

import java.util.Arrays;

/**
 * {@code bin/scatter-stream}: {@code demo} (everything embedded), {@code run} (the job against an
 * existing Kafka), {@code bench} (sustained real-time channels and latency on the embedded setup).
 */
public final class ScatterStreamCli {
    private static final String USAGE = String.join("\n",
            "usage: scatter-stream <command> [options]",
            "  demo  [--seconds 30] [--streams 8] [--wav file.wav] [--bad-per-second 2] [--key value ...]",
            "        in-process Kafka broker + local Flink job + real-time producer; live progress, then one JSON line",
            "  run   --config job.yaml [--key value ...]",
            "        the job against an existing Kafka (kafka.bootstrap-servers), on a local Flink cluster",
            "  bench [--step-seconds 20] [--start 16] [--step 16] [--max 256] [--key value ...]",
            "        real-time 16 kHz channels sustained (J=8, Q=8, N=4096, H=1024, at-least-once), then latency at half load",
            "Job configuration keys (--window.size 2048, --transform.J 6, --bootstrap host:port, ...) are listed in",
            "stream-job/src/main/resources/job-example.yaml.");

    private ScatterStreamCli() {
    }

    public static void main(String[] args) {
        AvroTrust.ensure();
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help")) {
            System.out.println(USAGE);
            System.exit(args.length == 0 ? 2 : 0);
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        int rc;
        try {
            switch (args[0]) {
                case "demo":
                    rc = Demo.run(rest);
                    break;
                case "bench":
                    rc = Bench.run(rest);
                    break;
                case "run":
                    ScatterStreamJob.main(rest);
                    rc = 0;
                    break;
                default:
                    throw new ConfigException("unknown command '" + args[0] + "' (demo, run or bench)");
            }
        } catch (ConfigException e) {
            System.err.println("scatter-stream: error: " + e.getMessage());
            rc = 2;
        } catch (Exception e) {
            System.err.println("scatter-stream: error: " + e);
            if (System.getenv("SCATTERSTREAM_DEBUG") != null) e.printStackTrace();
            rc = 1;
        }
        System.exit(rc);
    }
}
