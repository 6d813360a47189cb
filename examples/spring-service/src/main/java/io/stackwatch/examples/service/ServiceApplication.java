package io.stackwatch.examples.service;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A calculator service: {@code POST /evaluate} with an arithmetic expression as {@code text/plain}
 * answers its value. Plain Spring Boot; nothing in it knows about stackwatch.
 *
 * <pre>java -jar stackwatch-spring-service.jar --server.port=8080</pre>
 */
@SpringBootApplication
public class ServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(ServiceApplication.class, args);
    }
}
