package io.stackwatch.bench.perf.libraries;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The documents the libraries parse: a shop's catalog export (categories nested six deep, products
 * with prices, tags and attributes, orders with customers and lines), about 100 KB of JSON. The
 * same data as plain maps and lists (serialized by each library's writer) and as classes to bind to.
 */
public final class Catalog {

    public List<Category> categories;
    public List<Order> orders;

    public static final class Category {
        public String id;
        public String name;
        public List<Product> products;
        public List<Category> children;
    }

    public static final class Product {
        public String sku;
        public String title;
        public double price;
        public boolean available;
        public List<String> tags;
        public Map<String, String> attributes;
    }

    public static final class Order {
        public long number;
        public Customer customer;
        public List<Line> lines;
        public String status;
    }

    public static final class Customer {
        public String name;
        public String email;
        public Address address;
    }

    public static final class Address {
        public String street;
        public String city;
        public String postcode;
        public String country;
    }

    public static final class Line {
        public String sku;
        public int quantity;
        public double unitPrice;
    }

    private Catalog() {
    }

    /** The catalog as maps and lists, the same every time (a fixed seed). */
    public static Map<String, Object> tree() {
        Random r = new Random(7);
        Map<String, Object> root = new LinkedHashMap<>();
        List<Object> categories = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            categories.add(category(r, "c" + i, 5));
        }
        root.put("categories", categories);
        List<Object> orders = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            orders.add(order(r, i));
        }
        root.put("orders", orders);
        return root;
    }

    private static Map<String, Object> category(Random r, String id, int levels) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("id", id);
        c.put("name", "Category " + id);
        List<Object> products = new ArrayList<>();
        for (int i = 0; i < 2 + r.nextInt(3); i++) {
            products.add(product(r, id + "-p" + i));
        }
        c.put("products", products);
        List<Object> children = new ArrayList<>();
        if (levels > 0) {
            int n = levels > 3 ? 2 : 1;
            for (int i = 0; i < n; i++) {
                children.add(category(r, id + "." + i, levels - 1));
            }
        }
        c.put("children", children);
        return c;
    }

    private static Map<String, Object> product(Random r, String sku) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("sku", sku);
        p.put("title", "Product " + sku + " with a longer title, as shops write them");
        p.put("price", Math.round(r.nextDouble() * 50_000) / 100.0);
        p.put("available", r.nextBoolean());
        List<Object> tags = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            tags.add("tag" + r.nextInt(40));
        }
        p.put("tags", tags);
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("colour", r.nextBoolean() ? "red" : "blue");
        attributes.put("size", String.valueOf(r.nextInt(50)));
        attributes.put("material", "cotton");
        p.put("attributes", attributes);
        return p;
    }

    private static Map<String, Object> order(Random r, int number) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("number", 100_000L + number);
        Map<String, Object> customer = new LinkedHashMap<>();
        customer.put("name", "Customer " + r.nextInt(1000));
        customer.put("email", "customer" + number + "@example.com");
        Map<String, Object> address = new LinkedHashMap<>();
        address.put("street", r.nextInt(200) + " High Street");
        address.put("city", "Town " + r.nextInt(30));
        address.put("postcode", String.valueOf(10_000 + r.nextInt(89_999)));
        address.put("country", "GB");
        customer.put("address", address);
        o.put("customer", customer);
        List<Object> lines = new ArrayList<>();
        for (int i = 0; i < 1 + r.nextInt(5); i++) {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("sku", "c" + r.nextInt(3) + "-p" + r.nextInt(2));
            line.put("quantity", 1 + r.nextInt(4));
            line.put("unitPrice", Math.round(r.nextDouble() * 20_000) / 100.0);
            lines.add(line);
        }
        o.put("lines", lines);
        o.put("status", r.nextBoolean() ? "shipped" : "open");
        return o;
    }
}
