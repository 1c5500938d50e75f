/** Method + path matching, with `{param}` path segments. */

import type { RouteHandler } from './types';

export interface RouteDefinition {
	method: string;
	/** May contain `{name}` segments, e.g. `/open/order/refund/cancel/{refundId}`. */
	path: string;
	handler: RouteHandler;
	/** `codeAndMsgOnly`: the documented `{code, msg}` answer of `/open/address/addOrUpdate`. */
	envelope?: 'standard' | 'codeAndMsgOnly';
}

interface CompiledRoute {
	route: RouteDefinition;
	method: string;
	pattern: RegExp;
	paramNames: string[];
}

export type RouteMatch =
	| { kind: 'found'; route: RouteDefinition; params: Record<string, string> }
	| { kind: 'methodNotAllowed' }
	| { kind: 'notFound' };

function escapeRegExp(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export function compilePath(path: string): { pattern: RegExp; paramNames: string[] } {
	const paramNames: string[] = [];
	const source = path
		.split('/')
		.map((segment) => {
			const param = /^\{(\w+)\}$/.exec(segment);
			if (!param) return escapeRegExp(segment);
			paramNames.push(param[1]);
			return '([^/]+)';
		})
		.join('/');
	return { pattern: new RegExp(`^${source}$`), paramNames };
}

export class Router {
	private routes: CompiledRoute[] = [];

	/** A later route with the same method and path replaces the earlier one. */
	add(route: RouteDefinition): void {
		const method = route.method.toUpperCase();
		this.routes = this.routes.filter((existing) => !(existing.method === method && existing.route.path === route.path));
		this.routes.push({ route, method, ...compilePath(route.path) });
	}

	match(method: string, path: string): RouteMatch {
		let pathKnown = false;
		for (const compiled of this.routes) {
			const found = compiled.pattern.exec(path);
			if (!found) continue;
			pathKnown = true;
			if (compiled.method !== method.toUpperCase()) continue;
			const params: Record<string, string> = {};
			compiled.paramNames.forEach((name, index) => (params[name] = decodeURIComponent(found[index + 1])));
			return { kind: 'found', route: compiled.route, params };
		}
		return pathKnown ? { kind: 'methodNotAllowed' } : { kind: 'notFound' };
	}

	list(): RouteDefinition[] {
		return this.routes.map((compiled) => compiled.route);
	}
}
