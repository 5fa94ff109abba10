/**
 * On a slow connection a teacher may start filling a form before the scripts arrive. React
 * hydration resets controlled fields to the server's values, so what was typed or chosen
 * is noted just before hydrating and replayed right after, as if the user did it again.
 */

type Edit = { element: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement; value: string; checked?: boolean }

let pending: Edit[] = []

export function captureEarlyInput() {
	pending = []
	for (const element of document.querySelectorAll('input, select, textarea')) {
		if (element instanceof HTMLSelectElement) {
			const initial = [...element.options].find((o) => o.defaultSelected)?.value ?? element.options[0]?.value ?? ''
			if (element.value !== initial) pending.push({ element, value: element.value })
		} else if (element instanceof HTMLTextAreaElement) {
			if (element.value !== element.defaultValue) pending.push({ element, value: element.value })
		} else if (element instanceof HTMLInputElement) {
			if (element.type === 'checkbox' || element.type === 'radio') {
				if (element.checked !== element.defaultChecked) pending.push({ element, value: element.value, checked: element.checked })
			} else if (!['hidden', 'file', 'submit', 'button', 'password'].includes(element.type) && element.value !== element.defaultValue) {
				pending.push({ element, value: element.value })
			}
		}
	}
}

function setNative(element: Edit['element'], value: string) {
	// Through the prototype's setter, so React sees a change and runs the field's onChange.
	const prototype = Object.getPrototypeOf(element)
	Object.getOwnPropertyDescriptor(prototype, 'value')?.set?.call(element, value)
}

export function replayEarlyInput() {
	const edits = pending
	pending = []
	for (const { element, value, checked } of edits) {
		if (!element.isConnected) continue
		if (checked !== undefined && element instanceof HTMLInputElement) {
			if (element.checked !== checked) element.click()
			continue
		}
		// A select keeps the chosen option through hydration but React's state does not, so
		// it always hears the change; a text field only when hydration reset it.
		if (!(element instanceof HTMLSelectElement) && element.value === value) continue
		setNative(element, value)
		element.dispatchEvent(new Event('input', { bubbles: true }))
		element.dispatchEvent(new Event('change', { bubbles: true }))
	}
}
