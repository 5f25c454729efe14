"use strict";
// Live risk of each question, with the service's semantics: the first rule whose condition holds
// sets the risk, `default` always holds, a question with nothing ticked is Unanswered, and every
// ticked choice (a "None of these" `_no` choice too) counts as selected for the conditions.
// A choice marked not applicable is neutral (it satisfies `&&` and does not satisfy `||`), and a
// question whose every ordinary choice is not applicable, with nothing ticked, has no risk.
// The ticks and not-applicable marks live in the URL fragment (#state=...): they survive a reload
// and a copied link shows the same answers.
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
    // Three-valued: true, false, or null for a condition made only of not-applicable choices.
    const known = (operands, state) => operands.map((operand) => operand(state)).filter((v) => v !== null);
    const expr = () => {
      const operands = [term()];
      while (peek() === "||") { index += 1; operands.push(term()); }
      return (state) => { const v = known(operands, state); return v.length ? v.some(Boolean) : null; };
    };
    const term = () => {
      const operands = [factor()];
      while (peek() === "&&") { index += 1; operands.push(factor()); }
      return (state) => { const v = known(operands, state); return v.length ? v.every(Boolean) : null; };
    };
    const factor = () => {
      const token = tokens[index];
      index += 1;
      if (token.text === "!") {
        const operand = factor();
        return (state) => { const v = operand(state); return v === null ? null : !v; };
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
        return (state) => (state.na.has(token.text) ? null : state.selected.has(token.text));
      }
      throw new Error("expected a choice id, '!' or '('");
    };
    const node = expr();
    if (tokens[index].kind !== "end") { throw new Error("unexpected '" + peek() + "'"); }
    return node;
  }

  // The risk code for ticked and not-applicable choice ids: a rule's risk, UNANSWERED, NO_RULE or
  // INVALID_RULE. `ordinary` lists the choices other than "None of these".
  function riskOf(rules, selected, na, ordinary) {
    if (selected.size === 0 && na.size === 0) { return "UNANSWERED"; }
    if (selected.size === 0 && ordinary.length > 0 && ordinary.every((id) => na.has(id))) { return "NO_RISK"; }
    const state = { selected, na };
    for (const rule of rules) {
      let holds;
      try { holds = parse(rule.condition)(state) === true; } catch (error) { return "INVALID_RULE"; }
      if (holds) { return rule.risk; }
    }
    return "NO_RULE";
  }

  function showRisk(badge, risk) {
    badge.dataset.risk = risk;
    badge.textContent = LABELS[risk] || risk;
  }

  const ticks = (question) => question.querySelectorAll("label.tick input");
  const naBoxes = (question) => question.querySelectorAll("input[data-na-for]");

  function refresh(question, rules) {
    const selected = new Set(Array.from(ticks(question)).filter((box) => box.checked).map((box) => box.value));
    const na = new Set(Array.from(naBoxes(question)).filter((box) => box.checked).map((box) => box.dataset.naFor));
    const ordinary = Array.from(naBoxes(question), (box) => box.dataset.naFor);
    for (const box of ticks(question)) { box.disabled = na.has(box.value); }
    showRisk(question.querySelector(".risk"), riskOf(rules, selected, na, ordinary));
  }

  // #state=<JSON {questionId: [[ticked ids], [not-applicable ids]]}>, only for answered questions.
  const STATE = "#state=";

  function saveState() {
    const state = {};
    for (const question of document.querySelectorAll("article.question")) {
      const pick = (boxes, key) => Array.from(boxes).filter((box) => box.checked).map(key);
      const answer = [pick(ticks(question), (box) => box.value), pick(naBoxes(question), (box) => box.dataset.naFor)];
      if (answer[0].length || answer[1].length) { state[question.dataset.question] = answer; }
    }
    const empty = Object.keys(state).length === 0;
    history.replaceState(null, "", empty ? location.pathname + location.search
      : STATE + encodeURIComponent(JSON.stringify(state)));
  }

  function loadState() {
    if (!location.hash.startsWith(STATE)) { return; }
    let state;
    try { state = JSON.parse(decodeURIComponent(location.hash.slice(STATE.length))); } catch (error) { return; }
    for (const question of document.querySelectorAll("article.question")) {
      const answer = state[question.dataset.question];
      if (!Array.isArray(answer)) { continue; }
      const [ticked, na] = answer.map((ids) => new Set(Array.isArray(ids) ? ids.map(String) : []));
      for (const box of ticks(question)) { box.checked = ticked.has(box.value) && !na.has(box.value); }
      for (const box of naBoxes(question)) { box.checked = na.has(box.dataset.naFor); }
    }
  }

  function refreshTally(section, tally) {
    const badges = Array.from(section.querySelectorAll(".risk"));
    const count = (risk) => badges.filter((badge) => badge.dataset.risk === risk).length;
    const answered = badges.length - count("UNANSWERED");
    tally.textContent = answered + "/" + badges.length + " answered, " + count("HIGH_RISK") + " high, "
      + count("MEDIUM_RISK") + " medium";
  }

  const rulesByIndex = JSON.parse(document.getElementById("risk-rules").textContent);
  loadState();
  for (const section of document.querySelectorAll("section.pillar")) {
    const tally = document.querySelector("[data-tally-for='" + CSS.escape(section.id) + "']");
    for (const question of section.querySelectorAll("article.question")) {
      const rules = rulesByIndex[Number(question.dataset.index)];
      question.addEventListener("change", (event) => {
        if (event.target.dataset.naFor !== undefined && event.target.checked) {  // not applicable: not ticked
          const tick = Array.from(ticks(question)).find((box) => box.value === event.target.dataset.naFor);
          if (tick) { tick.checked = false; }
        }
        refresh(question, rules);
        refreshTally(section, tally);
        saveState();
      });
      refresh(question, rules);
    }
    refreshTally(section, tally);
  }

  // Contents links scroll without replacing the #state fragment; on a phone the contents fold away.
  const toc = document.querySelector("details.toc");
  const narrow = window.matchMedia("(max-width: 800px)");
  if (narrow.matches) { toc.open = false; }
  for (const link of document.querySelectorAll("nav a")) {
    link.addEventListener("click", (event) => {
      if (narrow.matches) { toc.open = false; }
      const target = document.getElementById(decodeURIComponent(link.getAttribute("href").slice(1)));
      if (!target || !location.hash.startsWith(STATE)) { return; }
      event.preventDefault();
      target.scrollIntoView();
    });
  }
  window.walensRisk = {
    riskOf: (rules, ids, naIds = [], ordinary = []) => riskOf(rules, new Set(ids), new Set(naIds), ordinary),
  };
})();
