"use strict";
// Live risk of each question, with the service's semantics: the first rule whose condition holds
// sets the risk, `default` always holds, a question with nothing ticked is Unanswered, and every
// ticked choice (a "None of these" `_no` choice too) counts as selected for the conditions.
(function () {
  const LABELS = {
    UNANSWERED: "Unanswered",
    NO_RISK: "No risk",
    MEDIUM_RISK: "Medium risk",
    HIGH_RISK: "High risk",
    NO_RULE: "No rule applies",
    INVALID_RULE: "Invalid rule",
  };
  const TOKEN = /\s*(?:(\|\||&&|[!()])|([A-Za-z0-9_]+))/y;
  const TRAILING_SPACE = /\s*$/y;
  const MAX_DEPTH = 200; // as publisher.riskexpr

  function tokenize(text) {
    const tokens = [];
    let pos = 0;
    for (;;) {
      TOKEN.lastIndex = pos;
      const match = TOKEN.exec(text);
      if (match === null) {
        TRAILING_SPACE.lastIndex = pos;
        if (TRAILING_SPACE.exec(text) !== null) {
          tokens.push({ kind: "end", text: "" });
          return tokens;
        }
        throw new Error("unexpected character in condition");
      }
      tokens.push(match[1] ? { kind: "op", text: match[1] } : { kind: "id", text: match[2] });
      pos = TOKEN.lastIndex;
    }
  }

  // expr := term ("||" term)* ; term := factor ("&&" factor)* ; factor := "!" factor | "(" expr ")" | ID
  function parse(condition) {
    if (condition.trim() === "default") {
      return () => true;
    }
    if (condition.trim() === "") {
      throw new Error("the condition is empty");
    }
    const tokens = tokenize(condition);
    let index = 0;
    let depth = 0;
    const peek = () => tokens[index].text;
    const expr = () => {
      const operands = [term()];
      while (peek() === "||") { index += 1; operands.push(term()); }
      return (selected) => operands.some((operand) => operand(selected));
    };
    const term = () => {
      const operands = [factor()];
      while (peek() === "&&") { index += 1; operands.push(factor()); }
      return (selected) => operands.every((operand) => operand(selected));
    };
    const factor = () => {
      const token = tokens[index];
      index += 1;
      if (token.text === "!") {
        const operand = factor();
        return (selected) => !operand(selected);
      }
      if (token.text === "(") {
        depth += 1;
        if (depth > MAX_DEPTH) { throw new Error("parentheses nested too deep"); }
        const inner = expr();
        if (peek() !== ")") { throw new Error("expected ')'"); }
        index += 1;
        depth -= 1;
        return inner;
      }
      if (token.kind === "id" && token.text !== "default") {
        return (selected) => selected.has(token.text);
      }
      throw new Error("expected a choice id, '!' or '('");
    };
    const node = expr();
    if (tokens[index].kind !== "end") { throw new Error("unexpected '" + peek() + "'"); }
    return node;
  }

  // The risk code for a set of ticked choice ids: a rule's risk, UNANSWERED, NO_RULE or INVALID_RULE.
  function riskOf(rules, selected) {
    if (selected.size === 0) { return "UNANSWERED"; }
    for (const rule of rules) {
      let holds;
      try { holds = parse(rule.condition)(selected); } catch (error) { return "INVALID_RULE"; }
      if (holds) { return rule.risk; }
    }
    return "NO_RULE";
  }

  function showRisk(badge, risk) {
    badge.dataset.risk = risk;
    badge.textContent = LABELS[risk] || risk;
  }

  function refresh(question, rules) {
    const ticked = question.querySelectorAll("input[type=checkbox]:checked");
    const selected = new Set(Array.from(ticked, (box) => box.value));
    showRisk(question.querySelector(".risk"), riskOf(rules, selected));
  }

  function refreshTally(section, tally) {
    const badges = Array.from(section.querySelectorAll(".risk"));
    const count = (risk) => badges.filter((badge) => badge.dataset.risk === risk).length;
    const answered = badges.length - count("UNANSWERED");
    tally.textContent = answered + "/" + badges.length + " answered, " + count("HIGH_RISK") + " high, "
      + count("MEDIUM_RISK") + " medium";
  }

  const rulesByIndex = JSON.parse(document.getElementById("risk-rules").textContent);
  for (const section of document.querySelectorAll("section.pillar")) {
    const tally = document.querySelector("[data-tally-for='" + CSS.escape(section.id) + "']");
    for (const question of section.querySelectorAll("article.question")) {
      const rules = rulesByIndex[Number(question.dataset.index)];
      question.addEventListener("change", () => { refresh(question, rules); refreshTally(section, tally); });
      refresh(question, rules);
    }
    refreshTally(section, tally);
  }
  window.walensRisk = { riskOf: (rules, ids) => riskOf(rules, new Set(ids)) };
})();
