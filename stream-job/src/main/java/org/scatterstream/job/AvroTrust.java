package org.scatterstream.job;

/**
 * Avro 1.12.2 deserializes only classes of trusted packages (AVRO-4189). The launchers pass
 * {@code -Dorg.apache.avro.SERIALIZABLE_PACKAGES}; this sets it too when a JVM was started without it,
 * provided no Avro class has read it yet.
 */
public final class AvroTrust {
    /** The packages of our Avro classes. */
    public static final String PACKAGES = "org.scatterstream.schemas,org.scatterstream.job";
    private static final String PROPERTY = "org.apache.avro.SERIALIZABLE_PACKAGES";

    private AvroTrust() {
    }

    public static void ensure() {
        String current = System.getProperty(PROPERTY);
        if (current == null || current.isBlank()) {
            System.setProperty(PROPERTY, PACKAGES);
        } else if (!current.contains("org.scatterstream.schemas")) {
            System.setProperty(PROPERTY, current + "," + PACKAGES);
        }
    }
}
