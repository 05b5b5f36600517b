export * from './division-table.js';
