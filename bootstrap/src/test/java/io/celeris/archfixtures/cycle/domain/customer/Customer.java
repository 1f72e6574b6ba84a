package io.celeris.archfixtures.cycle.domain.customer;

import io.celeris.archfixtures.cycle.domain.order.Order;
import java.util.List;

/** WRONG together with Order: closes the cycle. */
public record Customer(String name, List<Order> orders) {
}
