// What breaks the layout: sideways scrolling, elements cut off; for check_layout.
() => {
    const doc = document.documentElement;
    const width = doc.clientWidth;
    const problems = [];
    if (doc.scrollWidth > width) {
        problems.push(`the page scrolls sideways: ${doc.scrollWidth}px wide in a ${width}px window`);
    }
    const describe = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
        + (el.classList.length ? '.' + [...el.classList].join('.') : '')
        + ' "' + (el.innerText || el.value || '').trim().slice(0, 40) + '"';
    const skip = new Set();
    for (const el of document.body.querySelectorAll('*')) {
        if (skip.has(el.parentElement)) { skip.add(el); continue; }
        if (!el.checkVisibility()) { skip.add(el); continue; }
        const box = el.getBoundingClientRect();
        const style = getComputedStyle(el);
        const positioned = style.position === 'absolute' || style.position === 'fixed';
        // Deliberately hidden for sight, kept for screen readers: a 1px box, or a
        // positioned element moved fully out of the window (a skip link until focused).
        if ((box.width <= 1 && box.height <= 1)
                || (positioned && (box.right <= 0 || box.left >= width))) {
            skip.add(el); continue;
        }
        if (box.width === 0 && box.height === 0) continue;
        if (box.left < -1 || box.right > width + 1) {
            problems.push(`${describe(el)} is cut off: it spans ${Math.round(box.left)}px to ${Math.round(box.right)}px of ${width}px`);
            skip.add(el); continue;
        }
        // A text field scrolls its own value by design (the caret moves through it): a
        // long ESCO skill in a phone-wide field is not a broken layout.
        const textField = el.matches('input, textarea');
        const clips = style.overflowX === 'hidden' || style.overflowX === 'clip';
        if (clips && !textField && el.scrollWidth > el.clientWidth + 1) {
            problems.push(`${describe(el)} hides ${el.scrollWidth - el.clientWidth}px of its content`);
        }
        // Inside a scrolling box (a wide table) content is reached by scrolling that box.
        if (style.overflowX === 'auto' || style.overflowX === 'scroll') skip.add(el);
    }
    return problems;
}
