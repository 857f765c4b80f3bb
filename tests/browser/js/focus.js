// The focused element and whether it shows a focus indicator; for check_focus_visible.
() => {
    const el = document.activeElement;
    if (!el || el === document.body || el === document.documentElement) return null;
    const style = getComputedStyle(el);
    const box = el.getBoundingClientRect();
    const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
    const shadow = style.boxShadow && style.boxShadow !== 'none';
    return {
        element: el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + ' "'
            + (el.innerText || el.value || el.getAttribute('aria-label') || '').trim().slice(0, 40) + '"',
        indicator: outline || shadow,
        onScreen: box.width > 0 && box.height > 0 && box.right > 0 && box.bottom > 0
            && box.left < window.innerWidth && box.top < window.innerHeight,
        focusVisible: el.matches(':focus-visible'),
    };
}
