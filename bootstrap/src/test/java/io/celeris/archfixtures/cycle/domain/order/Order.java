package io.celeris.archfixtures.cycle.domain.order;

import io.celeris.archfixtures.cycle.domain.customer.Customer;

/** WRONG together with Customer: domain.order and domain.customer use each other. */
public record Order(Customer customer) {
}
