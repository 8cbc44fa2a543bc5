//! Every `[[rule.example]]` of the built-in rules gives exactly the findings it declares.

use yizhi::document::Document;

#[test]
fn built_in_examples_hold() {
    let rules = yizhi::rules::load(&[]).unwrap();
    let mut checked = 0;
    for rule in &rules.rules {
        for (k, ex) in rule.examples.iter().enumerate() {
            let en = Document::from_text("en.txt", ex.en.clone());
            let zh = Document::from_text("zh.txt", ex.zh.clone());
            let found: Vec<_> = yizhi::check_pair(&en, &zh, &rules)
                .into_iter()
                .filter(|d| d.rule == rule.id)
                .collect();
            assert_eq!(
                found.len(),
                ex.expect,
                "{} example {}: {found:#?}",
                rule.id,
                k + 1
            );
            checked += 1;
        }
    }
    assert!(checked >= 20, "only {checked} examples");
}
