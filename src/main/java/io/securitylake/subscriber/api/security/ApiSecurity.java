package io.securitylake.subscriber.api.security;

import io.securitylake.subscriber.api.Problem;
import static org.springframework.security.web.util.matcher.AntPathRequestMatcher.antMatcher;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.securitylake.subscriber.api.ApiSettings;
import jakarta.servlet.DispatcherType;
import java.security.MessageDigest;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpMethod;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.firewall.RequestRejectedHandler;

/**
 * Two filter chains. {@code /actuator/**}: HTTP Basic as the operator, health probes open. Everything else:
 * API key or client certificate; {@code /api/v1/admin/**} needs the admin key, the rest of {@code /api/v1}
 * a tenant credential (the admin key is not a tenant: 403). The browser console's static files are open (its pages
 * hold no data; each API call they make carries the key). No sessions, no cookies, so no CSRF.
 */
@Configuration(proxyBeanMethods = false)
class ApiSecurity {

    @Bean
    @Order(1)
    SecurityFilterChain actuatorChain(HttpSecurity http, ObjectMapper json) throws Exception {
        ProblemResponses problems = new ProblemResponses(json, "Basic realm=\"lake-operator\"",
                "operator credentials (HTTP Basic) are required");
        // path matchers on the whole request path: Jolokia (Hawtio) is a servlet of its own under /actuator, which
        // Spring MVC's matchers would not see, and its requests would fall through to the API chain
        return http.securityMatcher(antMatcher("/actuator/**"))
                .authorizeHttpRequests(a -> a
                        .requestMatchers(antMatcher("/actuator/health"), antMatcher("/actuator/health/**")).permitAll()
                        .anyRequest().hasRole("OPERATOR"))
                .httpBasic(b -> b.authenticationEntryPoint(problems))
                .exceptionHandling(e -> e.authenticationEntryPoint(problems).accessDeniedHandler(problems))
                .csrf(AbstractHttpConfigurer::disable)
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain apiChain(HttpSecurity http, ObjectMapper json, ApiKeys keys, ClientCertificates certificates)
            throws Exception {
        ProblemResponses problems = new ProblemResponses(json, "Bearer realm=\"security-lake\"",
                "a valid API key (X-API-Key or Authorization: Bearer) or client certificate is required");
        return http
                .authorizeHttpRequests(a -> a
                        // the REQUEST dispatch was authorized; platform-http completes it in an ASYNC dispatch
                        .dispatcherTypeMatchers(DispatcherType.ASYNC, DispatcherType.ERROR).permitAll()
                        .requestMatchers("/api/v1/openapi.json").permitAll()
                        // the browser console's static files: it signs in with an API key it sends on each call
                        .requestMatchers(HttpMethod.GET, "/", "/index.html", "/console/**", "/webjars/**",
                                "/favicon.ico").permitAll()
                        .requestMatchers("/api/v1/whoami").hasAnyRole("TENANT", "ADMIN")
                        .requestMatchers("/api/v1/admin/**").hasRole("ADMIN")
                        .requestMatchers("/api/v1/**").hasRole("TENANT")
                        .anyRequest().authenticated())
                .addFilterBefore(new CallerFilter(keys, certificates, problems), AuthorizationFilter.class)
                // no script or style but the service's own files (the console's), never framed, no referrer
                .headers(h -> h
                        .contentSecurityPolicy(c -> c.policyDirectives(SecurityHeaders.CONTENT_SECURITY_POLICY))
                        .referrerPolicy(r -> r.policy(ReferrerPolicy.NO_REFERRER)))
                .exceptionHandling(e -> e.authenticationEntryPoint(problems).accessDeniedHandler(problems))
                .csrf(AbstractHttpConfigurer::disable)
                .httpBasic(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                .anonymous(AbstractHttpConfigurer::disable)
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .build();
    }

    /**
     * The operator account of the actuator chain; none when unconfigured (then only health answers). The user
     * name is matched exactly, byte for byte and in constant time (Spring's in-memory users ignore its case).
     */
    @Bean
    UserDetailsService operatorUsers(ApiSettings apiSettings) {
        ApiSettings.Operator operator = apiSettings.operator();
        if (operator.username() == null || operator.username().isBlank() || operator.password() == null
                || operator.password().isEmpty()) {
            return username -> {
                throw new UsernameNotFoundException("no operator is configured");
            };
        }
        byte[] expected = ApiKeys.sha256(operator.username());
        String encoded = PasswordEncoderFactories.createDelegatingPasswordEncoder().encode(operator.password());
        return username -> {
            if (username == null || !MessageDigest.isEqual(expected, ApiKeys.sha256(username))) {
                throw new UsernameNotFoundException("not the operator");
            }
            // a new user each time: the authentication erases the password of the one it was given
            return User.withUsername(operator.username()).password(encoded).roles("OPERATOR").build();
        };
    }

    /**
     * A request the firewall refuses (encoded slashes, .., a method such as TRACE) is a bad request, answered
     * as a problem here: it never reaches a filter chain, nor their header writer.
     */
    @Bean
    RequestRejectedHandler requestRejectedHandler(ObjectMapper json) {
        return (request, response, rejected) -> {
            SecurityHeaders.apply(response);
            ProblemResponses.write(json, response, Problem.of(400, "Bad Request",
                    "the request's URL, a header or the method is refused", null));
        };
    }
}
