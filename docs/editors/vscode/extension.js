// The VS Code client of the cptrules language server: starts `cptrules lsp --stdio` with the
// options of the settings, restarts it when they change, and says clearly when it cannot start.
'use strict';

const fs = require('fs');
const path = require('path');
const vscode = require('vscode');
const { LanguageClient } = require('vscode-languageclient/node');

let client;     // the running LanguageClient, or undefined
let output;     // the "cptrules" output channel, shared by every client started

// The folder a relative setting is read from: the first workspace folder, if any.
function workspaceRoot() {
  const folders = vscode.workspace.workspaceFolders;
  return folders && folders.length > 0 ? folders[0].uri.fsPath : undefined;
}

// The file `name` names: itself when it holds a path, else the first match on PATH
// (with the PATHEXT endings on Windows). Undefined when there is none.
function findProgram(name) {
  const isFile = (p) => {
    try {
      return fs.statSync(p).isFile();
    } catch {
      return false;
    }
  };
  const endings = process.platform === 'win32'
    ? ['', ...(process.env.PATHEXT || '.EXE;.CMD;.BAT').split(';')]
    : [''];
  if (name.includes('/') || name.includes('\\')) {
    const root = workspaceRoot();
    const full = path.isAbsolute(name) || !root ? name : path.join(root, name);
    return endings.map((e) => full + e).find(isFile);
  }
  for (const dir of (process.env.PATH || '').split(path.delimiter)) {
    if (!dir) continue;
    const found = endings.map((e) => path.join(dir, name + e)).find(isFile);
    if (found) return found;
  }
  return undefined;
}

// The command line of the server, from the settings: `cptrules lsp [--no-stdlib]
// [--stdlib-dir DIR] --stdio`.
function serverArgs(config) {
  const args = ['lsp'];
  if (!config.get('useStandardRules', true)) {
    args.push('--no-stdlib');
  } else {
    const dir = (config.get('stdlibDir', '') || '').trim();
    if (dir) {
      const root = workspaceRoot();
      args.push('--stdlib-dir', path.isAbsolute(dir) || !root ? dir : path.join(root, dir));
    }
  }
  args.push('--stdio');
  return args;
}

async function openSettings() {
  await vscode.commands.executeCommand('workbench.action.openSettings', 'cptrules');
}

async function startClient() {
  const config = vscode.workspace.getConfiguration('cptrules');
  const name = (config.get('path', 'cptrules') || '').trim() || 'cptrules';
  const program = findProgram(name);
  if (!program) {
    const choice = await vscode.window.showErrorMessage(
      `cptrules: the program "${name}" was not found` +
        (name.includes('/') || name.includes('\\') ? '' : ' on PATH') +
        ', so rule files are coloured but not checked. Install cptrules, or set ' +
        '"cptrules.path" to the cptrules program, then run "cptrules: Restart the language server".',
      'Open Settings');
    if (choice === 'Open Settings') await openSettings();
    return;
  }
  const args = serverArgs(config);
  output.appendLine(`starting: ${program} ${args.join(' ')}`);
  const serverOptions = {
    command: program,
    args,
    options: { cwd: workspaceRoot() },
  };
  const clientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'cptrules' },
      { scheme: 'untitled', language: 'cptrules' },
    ],
    synchronize: {
      // Rule files changed outside the editor (git checkout, another program) reach the server.
      fileEvents: vscode.workspace.createFileSystemWatcher('**/*.rules'),
    },
    outputChannel: output,
  };
  client = new LanguageClient('cptrules', 'cptrules language server', serverOptions,
                              clientOptions);
  try {
    await client.start();
  } catch (err) {
    client = undefined;
    const choice = await vscode.window.showErrorMessage(
      `cptrules: "${program} ${args.join(' ')}" did not start the language server ` +
        `(${err && err.message ? err.message : err}). A cptrules without the "lsp" command ` +
        'is too old: install a newer one, or set "cptrules.path".',
      'Open Settings', 'Show Output');
    if (choice === 'Open Settings') await openSettings();
    if (choice === 'Show Output') output.show(true);
  }
}

async function stopClient() {
  const running = client;
  client = undefined;
  if (running) {
    try {
      await running.stop();
    } catch {
      // The server is gone already: nothing left to stop.
    }
  }
}

async function restartClient() {
  await stopClient();
  await startClient();
}

async function activate(context) {
  output = vscode.window.createOutputChannel('cptrules');
  context.subscriptions.push(output);
  context.subscriptions.push(
    vscode.commands.registerCommand('cptrules.restartServer', restartClient));
  context.subscriptions.push(vscode.workspace.onDidChangeConfiguration((event) => {
    if (['cptrules.path', 'cptrules.useStandardRules', 'cptrules.stdlibDir'].some(
          (key) => event.affectsConfiguration(key))) {
      restartClient();
    }
  }));
  await startClient();
}

function deactivate() {
  return stopClient();
}

module.exports = { activate, deactivate, serverArgs, findProgram };
