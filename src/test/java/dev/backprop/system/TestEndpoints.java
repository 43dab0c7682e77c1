package dev.backprop.system;

import java.util.List;
import java.util.Map;

import org.springframework.boot.test.context.TestComponent;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Test-only endpoints under {@code /api/} (the feature controllers live on other branches): one
 * per HTTP method, plus one that fails unexpectedly. {@code @TestComponent} keeps it out of
 * component scanning; tests {@code @Import} it.
 */
@TestComponent
@RestController
@RequestMapping("/api/test-only/items")
class TestEndpoints {

    record Item(String name, int count) {
    }

    @GetMapping
    List<Item> list() {
        return List.of(new Item("setosa", 50));
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    Item create(@RequestBody Item item) {
        return item;
    }

    @PutMapping("/{id}")
    Item replace(@PathVariable String id, @RequestBody Item item) {
        return item;
    }

    @PatchMapping("/{id}")
    Map<String, String> patch(@PathVariable String id) {
        return Map.of("id", id);
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(@PathVariable String id) {
    }

    @GetMapping("/count/{n}")
    Map<String, Integer> count(@PathVariable int n) {
        return Map.of("n", n);
    }

    @GetMapping("/boom")
    Item boom() {
        throw new IllegalStateException("internal detail at dev.backprop.Secret (java.lang.String)");
    }
}
