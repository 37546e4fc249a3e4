import Mustache

/// How many list items one render may visit. A section nested in itself (`{{#rules}}{{#rules}}…`) multiplies
/// with the data, which no check of the template's text can bound; the built-in templates visit a few hundred.
final class RenderBudget: @unchecked Sendable {
    static let maxItems = 10_000

    private(set) var left: Int
    private(set) var exceeded = false

    init(items: Int = RenderBudget.maxItems) { left = items }

    /// `value` with every list in it made a `BudgetedList` drawing on this budget.
    func wrap(_ value: Any) -> Any {
        switch value {
        case let object as [String: Any]: return object.mapValues(wrap)
        case let list as [Any]: return BudgetedList(items: list.map(wrap), budget: self)
        default: return value
        }
    }

    /// Takes one item; false once the budget is spent, and the render is then refused.
    fileprivate func take() -> Bool {
        guard left > 0 else {
            exceeded = true
            return false
        }
        left -= 1
        return true
    }
}

/// A context list that yields items while its render's budget lasts. Transforms (`first`, `count`…) read the
/// items as an array would, and the lists they return draw on the same budget.
struct BudgetedList: MustacheSequence, MustacheTransformable {
    let items: [Any]
    let budget: RenderBudget

    func makeIterator() -> AnyIterator<Any> {
        var iterator = items.makeIterator()
        let budget = budget
        return AnyIterator {
            guard let item = iterator.next(), budget.take() else { return nil }
            return item
        }
    }

    func transform(_ name: String) -> Any? {
        switch name {
        case "reversed": return BudgetedList(items: items.reversed(), budget: budget)
        default: return items.transform(name)
        }
    }
}
